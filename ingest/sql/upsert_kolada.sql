-- Samma nyckeltal, kommun, år och kön ersätter det som fanns.
CREATE OR REPLACE TEMP TABLE ko_ny AS
SELECT kpi, kommun_kod, ar, kon, any_value(varde) AS varde
FROM norm WHERE len(fel) = 0 AND NOT utanfor GROUP BY kpi, kommun_kod, ar, kon;
DELETE FROM kolada k USING ko_ny n WHERE k.kpi = n.kpi AND k.kommun_kod = n.kommun_kod AND k.ar = n.ar AND k.kon = n.kon;
INSERT INTO kolada SELECT kpi, kommun_kod, ar, kon, varde, getvariable('import_id') FROM ko_ny;
DROP TABLE ko_ny;
