-- Samma kommun, år, kön och ålder ersätter det som fanns (SCB reviderar).
CREATE OR REPLACE TEMP TABLE bef_ny AS
SELECT kommun_kod, ar, kon, alder, sum(antal) AS antal
FROM norm WHERE len(fel) = 0 AND NOT utanfor GROUP BY kommun_kod, ar, kon, alder;
DELETE FROM befolkning b USING bef_ny n
WHERE b.kommun_kod = n.kommun_kod AND b.ar = n.ar AND b.kon = n.kon AND b.alder IS NOT DISTINCT FROM n.alder;
INSERT INTO befolkning SELECT kommun_kod, ar, kon, alder, antal, getvariable('import_id') FROM bef_ny;
DROP TABLE bef_ny;
