-- @personer uppfoljda, i_arbete_studier
-- @kvot andel = i_arbete_studier / uppfoljda
-- @andel forvantad
-- Resultat mot förväntat (indirekt standardisering, som Skolverkets SALSA och Öppna jämförelser), per enhet:
-- kommun ($enhet 'kommun'), jobbspår ('jobbspar') eller projekt ('projekt'). De uppföljda efter avslut i perioden
-- (samma "uppföljd" som nyckeltalen: avslutsmånad i perioden, läget vid horisonten ifyllt). Förväntat =
-- medelvärdet över enhetens egna deltagare av andelen i arbete eller studier bland personer som liknar dem i de
-- andra enheterna: samma målgrupp, åldersgrupp (ur födelseår), kön, ekonomiskt bistånd och insats. Förväntat
-- räknas på de sanna antalen och bara när minst 20 följts upp; gränserna och etiketten räknas i
-- figures/resultat.py ur de visade (för chef och projektor störda) antalen.
WITH med_status AS (
    -- Horisonten: 90 dagar, 6 månader (180) eller 12 månader (365) efter avslut; de två senare där filerna har dem.
    SELECT *, CASE $horisont WHEN 180 THEN status_180 WHEN 365 THEN status_365 ELSE status_90 END AS status,
           CASE $enhet WHEN 'jobbspar' THEN jobbspar WHEN 'projekt' THEN projekt ELSE kommun_kod END AS enhet
    FROM deltagare
),
uppfoljda AS (
    SELECT enhet, rkey, status IN ('I arbete', 'I studier') AS lyckad,
           coalesce(malgrupp, '?') AS malgrupp, coalesce(kon, '?') AS kon, coalesce(ekonomiskt_bistand, false) AS bistand,
           insats,
           CASE WHEN fodelsear IS NULL THEN '?'
                WHEN year(slutdatum) - fodelsear < 25 THEN '16–24'
                WHEN year(slutdatum) - fodelsear < 35 THEN '25–34'
                WHEN year(slutdatum) - fodelsear < 50 THEN '35–49'
                ELSE '50–' END AS aldersgrupp
    FROM med_status
    WHERE status IS NOT NULL AND enhet IS NOT NULL AND slutdatum BETWEEN date_trunc('month', $fran) AND $till
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
),
skikt_enhet AS (
    SELECT enhet, malgrupp, kon, bistand, insats, aldersgrupp, count(*) AS n,
           count(*) FILTER (WHERE lyckad) AS s, sum(rkey) AS r, sum(rkey) FILTER (WHERE lyckad) AS rs
    FROM uppfoljda GROUP BY ALL
),
skikt AS (
    -- Andelen i skiktet utan enheten själv (lämna-en-ute): annars drar en enhet som ensam har ett skikt sin egen
    -- förväntan mot sitt resultat. Har ingen annan enhet skiktet används hela skiktet.
    SELECT k.*, CASE WHEN sum(n) OVER w > n THEN (sum(s) OVER w - s) * 1.0 / (sum(n) OVER w - n)
                     ELSE s * 1.0 / n END AS skiktandel
    FROM skikt_enhet k
    WINDOW w AS (PARTITION BY malgrupp, kon, bistand, insats, aldersgrupp)
),
per_enhet AS (
    SELECT enhet, sum(n) AS uppfoljda, coalesce(sum(r), 0) % 256 AS uppfoljda__ckey,
           sum(s) AS i_arbete_studier, coalesce(sum(rs), 0) % 256 AS i_arbete_studier__ckey,
           sum(n * skiktandel) / sum(n) AS forvantad_sann
    FROM skikt GROUP BY enhet
),
-- Enheterna: regionens alla kommuner (också de utan uppföljda), eller jobbspåren och projekten som har uppföljda
-- (ett projekt med sitt namn ur projektförteckningen när filen angav diarienumret).
enheter AS (
    SELECT kommun_kod AS enhet, kommun_namn AS namn FROM kommun WHERE $enhet = 'kommun'
    UNION ALL
    SELECT p.enhet, coalesce(any_value(pr.projekt), p.enhet) FROM per_enhet p
    LEFT JOIN projekt pr ON $enhet = 'projekt' AND p.enhet IN (pr.projekt_id, pr.projekt)
    WHERE $enhet <> 'kommun' GROUP BY p.enhet
)
SELECT e.enhet, e.namn,
       coalesce(p.uppfoljda, 0) AS uppfoljda, coalesce(p.uppfoljda__ckey, 0) AS uppfoljda__ckey,
       coalesce(p.i_arbete_studier, 0) AS i_arbete_studier,
       coalesce(p.i_arbete_studier__ckey, 0) AS i_arbete_studier__ckey,
       p.i_arbete_studier * 1.0 / nullif(p.uppfoljda, 0) AS andel,
       CASE WHEN p.uppfoljda >= 20 THEN p.forvantad_sann END AS forvantad
FROM enheter e LEFT JOIN per_enhet p USING (enhet)
ORDER BY e.namn;
