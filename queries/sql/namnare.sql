-- @matt befolkning_16_64, malgrupp, malgrupp_manader
-- Nämnarna för "Visa som" per kommun: invånare 16–64 år (SCB:s folkmängd, kommun.befolkning_16_64) och
-- personer i AF:s målgrupp ($malgrupp_kod), snitt per månad $fran–$till över de månader AF har ett värde.
-- Båda är offentlig statistik (@matt, störs inte); saknas de är de NULL, aldrig noll.
SELECT k.kommun_kod, k.befolkning_16_64, avg(a.antal) AS malgrupp, count(a.antal) AS malgrupp_manader
FROM kommun k
LEFT JOIN af_per_manad([$malgrupp_kod], date_trunc('month', $fran), $till) a USING (kommun_kod)
GROUP BY k.kommun_kod, k.befolkning_16_64
ORDER BY k.kommun_kod;
