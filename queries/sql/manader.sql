-- Månader som finns i data, för periodväljaren.
SELECT DISTINCT date_trunc('month', d) AS manad FROM (
    SELECT startdatum AS d FROM deltagare WHERE startdatum <= current_date
    UNION ALL SELECT make_date(ar, coalesce(manad, 1), 1) FROM budget
) ORDER BY manad;
