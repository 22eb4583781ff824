-- @personer besatta_platser
-- @belopp budget_ar_kr, budget_fg_kr, tilldelning_per_person, gr_tilldelning_per_person
-- @andel forandring, gr_forandring, avvikelse, malgrupp_forandring, gr_malgrupp_forandring, utnyttjande_fg, gr_utnyttjande_fg
-- @matt malgrupp_ar, malgrupp_fg, af_extratjanst, manader_ar, manader_fg
-- @nyckel till_manad
-- Varför avviker en kommun? Tilldelningens förändring mot samma månader året innan (som budget_avvikelse.sql),
-- bredvid AF:s offentliga statistik: målgruppens förändring ($malgrupp_kod, standard 87 = utan arbete mer än
-- 12 månader) och hur stor del av förra årets tilldelning kommunen använde. AF:s tal är offentlig statistik
-- (@matt, störs inte); besatta platser ur budgetfilen är antal personer och skyddas som andra antal.
-- Saknas en AF-månad (dold eller inte inläst) är målgruppens förändring NULL: "uppgift saknas", aldrig noll.
WITH manader AS (
    SELECT coalesce(max(manad), 12) AS sista FROM budget WHERE budgetpost = 'Extratjänster' AND ar = $ar
),
per_kommun AS (
    SELECT kommun_kod, kommun_namn,
        sum(budget_kr) FILTER (WHERE ar = $ar) AS budget_ar_kr,
        sum(budget_kr) FILTER (WHERE ar = $ar - 1) AS budget_fg_kr,
        avg(utfall_platser) FILTER (WHERE ar = $ar) AS besatta_platser,
        coalesce(sum(rkey) FILTER (WHERE ar = $ar AND utfall_platser IS NOT NULL), 0) AS besatta_platser__ckey,
        string_agg(DISTINCT kommentar, ' ') FILTER (WHERE kommentar IS NOT NULL) AS kommentar
    FROM extratjanst_jamforelse($ar)
    GROUP BY kommun_kod, kommun_namn
),
-- Förra årets utnyttjande: hela året, de månader som har utfall.
utnyttjande AS (
    SELECT kommun_kod, sum(utfall_kr) AS utfall_kr, sum(budget_kr) FILTER (WHERE utfall_kr IS NOT NULL) AS budget_kr
    FROM budget WHERE budgetpost = 'Extratjänster' AND ar = $ar - 1 GROUP BY kommun_kod
),
-- AF: ett värde per kommun, mått och månad (makrot af_per_manad), de månader som jämförs.
af_manad AS (
    SELECT * FROM af_per_manad([$malgrupp_kod, 97], make_date($ar - 1, 1, 1), make_date($ar, 12, 1))
    WHERE month(manad) <= (SELECT sista FROM manader)
),
-- Snitt per månad över månaderna 1..sista; bara när alla månader finns (annars NULL, "uppgift saknas").
af_ar AS (
    SELECT k.kommun_kod, ar_.ar, kod.afkod,
        CASE WHEN count(a.antal) = (SELECT sista FROM manader) THEN avg(a.antal) END AS snitt,
        count(a.antal) AS manader
    FROM kommun k CROSS JOIN (VALUES ($ar), ($ar - 1)) ar_(ar) CROSS JOIN (VALUES ($malgrupp_kod), (97)) kod(afkod)
    LEFT JOIN af_manad a ON a.kommun_kod = k.kommun_kod AND year(a.manad) = ar_.ar AND a.afkod = kod.afkod
    GROUP BY k.kommun_kod, ar_.ar, kod.afkod
),
rader AS (
    SELECT p.*,
        m1.snitt AS malgrupp_ar, m0.snitt AS malgrupp_fg, e1.snitt AS af_extratjanst,
        m1.manader AS manader_ar, m0.manader AS manader_fg,
        u.utfall_kr / nullif(u.budget_kr, 0) AS utnyttjande_fg, u.utfall_kr AS utfall_fg_kr, u.budget_kr AS budget_fg_utfall_kr
    FROM per_kommun p
    LEFT JOIN af_ar m1 ON m1.kommun_kod = p.kommun_kod AND m1.ar = $ar AND m1.afkod = $malgrupp_kod
    LEFT JOIN af_ar m0 ON m0.kommun_kod = p.kommun_kod AND m0.ar = $ar - 1 AND m0.afkod = $malgrupp_kod
    LEFT JOIN af_ar e1 ON e1.kommun_kod = p.kommun_kod AND e1.ar = $ar AND e1.afkod = 97
    LEFT JOIN utnyttjande u ON u.kommun_kod = p.kommun_kod
),
gr AS (
    SELECT sum(budget_ar_kr) / nullif(sum(budget_fg_kr), 0) - 1 AS forandring,
        -- Regionens målgrupp över de kommuner som har alla månader båda åren: samma kommuner i täljare och
        -- nämnare, så att en kommun som saknas inte ser ut som en minskning.
        sum(malgrupp_ar) FILTER (WHERE malgrupp_ar IS NOT NULL AND malgrupp_fg IS NOT NULL)
            / nullif(sum(malgrupp_fg) FILTER (WHERE malgrupp_ar IS NOT NULL AND malgrupp_fg IS NOT NULL), 0) - 1
            AS malgrupp_forandring,
        sum(budget_ar_kr) FILTER (WHERE malgrupp_ar IS NOT NULL) / nullif(sum(malgrupp_ar), 0)
            AS tilldelning_per_person,
        sum(utfall_fg_kr) / nullif(sum(budget_fg_utfall_kr), 0) AS utnyttjande_fg
    FROM rader
)
SELECT r.kommun_kod, r.kommun_namn, r.budget_ar_kr, r.budget_fg_kr, r.besatta_platser,
    r.besatta_platser__ckey % 256 AS besatta_platser__ckey, r.kommentar,
    r.malgrupp_ar, r.malgrupp_fg, r.af_extratjanst, r.manader_ar, r.manader_fg, r.utnyttjande_fg,
    r.budget_ar_kr / nullif(r.budget_fg_kr, 0) - 1 AS forandring,
    gr.forandring AS gr_forandring,
    r.budget_ar_kr / nullif(r.budget_fg_kr, 0) - 1 - gr.forandring AS avvikelse,
    r.malgrupp_ar / nullif(r.malgrupp_fg, 0) - 1 AS malgrupp_forandring,
    gr.malgrupp_forandring AS gr_malgrupp_forandring,
    gr.utnyttjande_fg AS gr_utnyttjande_fg,
    r.budget_ar_kr / nullif(r.malgrupp_ar, 0) AS tilldelning_per_person,
    gr.tilldelning_per_person AS gr_tilldelning_per_person,
    (SELECT sista FROM manader) AS till_manad
FROM rader r, gr
ORDER BY avvikelse NULLS LAST, r.kommun_namn;
