-- Vilka kommuner som kör jobbspår i vilka kluster, och vem som samordnar: ur jobbspårsförteckningen, utan
-- deltagare och utan antal personer, så att kartan inte läser deltagarraderna (nationellt: 580 rader).
SELECT DISTINCT j.kluster, j.kommun_kod, k.kommun_namn, s.kommun_namn AS samordnare
FROM jobbspar j
JOIN kommun k USING (kommun_kod)
LEFT JOIN kommun s ON s.kommun_kod = j.samordnare
ORDER BY j.kluster, k.kommun_namn;
