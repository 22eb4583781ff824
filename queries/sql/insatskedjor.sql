-- @personer personer, uppfoljda, i_arbete_studier
-- @kvot andel = i_arbete_studier / uppfoljda
-- @nyckel steg
-- Kedjor av insatser (ESF-ansökans hypotes: en kedja av kommunala och statliga insatser fungerar bättre än var
-- och en för sig). Per person: insatserna som började i perioden, i startordning ("Praktik → Extratjänst"), och
-- läget 90 dagar efter den sista. Per kedja i urvalet (hela regionen eller en kommun): personer, uppföljda efter
-- den sista insatsen och i arbete eller studier då.
WITH i_perioden AS (
    SELECT deltagare_id, kommun_kod, insats, startdatum, slutdatum, status_90, rkey
    FROM deltagare
    WHERE startdatum BETWEEN $fran AND $till
      AND (len($kommuner) = 0 OR list_contains($kommuner, kommun_kod))
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
),
per_person AS (
    SELECT kommun_kod, deltagare_id, any_value(rkey) AS rkey,
           string_agg(insats, ' → ' ORDER BY startdatum, insats) AS kedja, count(*) AS steg,
           -- Läget efter den sista insatsen; en sista insats som pågår har inget läge än.
           (list(status_90 ORDER BY startdatum DESC, insats DESC))[1] AS sista_status
    FROM i_perioden GROUP BY kommun_kod, deltagare_id
)
SELECT kedja, any_value(steg) AS steg,
       count(*) AS personer, coalesce(sum(rkey), 0) % 256 AS personer__ckey,
       count(sista_status) AS uppfoljda, coalesce(sum(rkey) FILTER (WHERE sista_status IS NOT NULL), 0) % 256 AS uppfoljda__ckey,
       count(*) FILTER (WHERE sista_status IN ('I arbete', 'I studier')) AS i_arbete_studier,
       coalesce(sum(rkey) FILTER (WHERE sista_status IN ('I arbete', 'I studier')), 0) % 256 AS i_arbete_studier__ckey,
       count(*) FILTER (WHERE sista_status IN ('I arbete', 'I studier')) * 1.0 / nullif(count(sista_status), 0) AS andel
FROM per_person
GROUP BY kedja
ORDER BY personer DESC, kedja
LIMIT 15;
