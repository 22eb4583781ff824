-- @personer personer, uppfoljda, i_arbete_studier
-- @kvot andel = i_arbete_studier / uppfoljda
-- @nyckel steg
-- Kedjor av insatser (ESF-ansökans hypotes: en kedja av kommunala och statliga insatser fungerar bättre än var
-- och en för sig). Per person och kommun: insatserna i startordning ("Praktik → Extratjänst") och läget 90 dagar
-- efter den sista, för kedjor som började i perioden. Per kedja i urvalet (hela regionen eller en kommun): personer,
-- uppföljda efter den sista insatsen och i arbete eller studier då. Ur det förberäknade aggregatet
-- (ingest/sql/aggregat.sql, agg_kedjor).
SELECT kedja, min(steg) AS steg,  -- "A → … → B": tre eller fler
       sum(personer) AS personer, coalesce(sum(personer__rkey), 0) % 256 AS personer__ckey,
       sum(uppfoljda) AS uppfoljda, coalesce(sum(uppfoljda__rkey), 0) % 256 AS uppfoljda__ckey,
       sum(i_arbete_studier) AS i_arbete_studier, coalesce(sum(i_arbete_studier__rkey), 0) % 256 AS i_arbete_studier__ckey,
       sum(i_arbete_studier) * 1.0 / nullif(sum(uppfoljda), 0) AS andel
FROM agg_kedjor
WHERE manad BETWEEN date_trunc('month', $fran) AND $till
  AND (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
  AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
  AND ($kon = '' OR kon = $kon)
GROUP BY kedja
ORDER BY personer DESC, kedja
LIMIT 15;
