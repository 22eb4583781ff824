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
WITH uppfoljda AS (
    -- Ur det förberäknade aggregatet (ingest/sql/aggregat.sql) per avslutsmånad och skikt, för horisonten: 90 dagar,
    -- 6 månader (180) eller 12 månader (365) efter avslut; de två senare där filerna har dem.
    SELECT CASE $enhet WHEN 'jobbspar' THEN jobbspar WHEN 'projekt' THEN projekt ELSE kommun_kod END AS enhet,
           coalesce(malgrupp, '?') AS malgrupp, coalesce(kon, '?') AS kon, bistand, insats, aldersgrupp,
           CASE $horisont WHEN 180 THEN n180 WHEN 365 THEN n365 ELSE n90 END AS n,
           CASE $horisont WHEN 180 THEN s180 WHEN 365 THEN s365 ELSE s90 END AS s,
           CASE $horisont WHEN 180 THEN r180 WHEN 365 THEN r365 ELSE r90 END AS r,
           CASE $horisont WHEN 180 THEN rs180 WHEN 365 THEN rs365 ELSE rs90 END AS rs
    FROM agg_utfall_skikt
    WHERE manad BETWEEN date_trunc('month', $fran) AND $till
      AND (len($malgrupper) = 0 OR list_contains($malgrupper, malgrupp))
      AND ($kon = '' OR kon = $kon)
),
skikt_enhet AS (
    SELECT enhet, malgrupp, kon, bistand, insats, aldersgrupp, sum(n) AS n, sum(s) AS s, sum(r) AS r, sum(rs) AS rs
    FROM uppfoljda WHERE enhet IS NOT NULL AND n > 0 GROUP BY ALL
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
