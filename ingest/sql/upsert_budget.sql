-- Samma år, månad (NULL = helår), kommun och budgetpost ersätter raden.
DELETE FROM budget b USING norm n
WHERE len(n.fel) = 0 AND b.ar = n.ar AND b.manad IS NOT DISTINCT FROM n.manad
  AND b.kommun_kod = n.kommun_kod AND b.budgetpost = n.budgetpost;
INSERT INTO budget
SELECT ar, manad, kommun_kod, budgetpost, budget_kr, utfall_kr, budget_platser, utfall_platser, kommentar,
       getvariable('import_id'), postnyckel(budgetrad_nyckel(kommun_kod, ar, manad, budgetpost))
FROM norm WHERE len(fel) = 0 ORDER BY line_no;
