-- Samma nyckeltal ersätter sin titel.
DELETE FROM kolada_kpi WHERE kpi IN (SELECT kpi FROM norm WHERE len(fel) = 0);
INSERT INTO kolada_kpi SELECT kpi, any_value(titel) FROM norm WHERE len(fel) = 0 GROUP BY kpi;
