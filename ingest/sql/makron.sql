-- Tolkning av svenska exportvärden. TEMP: makrona följer anslutningen, inte lagerfilen.
-- Varje makro tar en textcell och ger NULL när cellen inte går att tolka;
-- anroparen skiljer "tom" (sv_text IS NULL) från "ogiltig".

-- Tom cell, eller bara blanksteg (även hårt mellanslag), betyder "inte satt". En cell som varken börjar
-- eller slutar med blanksteg är sig själv: den prövas på första och sista tecknet (fem gånger snabbare än trim
-- med teckenmängd, och de flesta celler är sådana).
-- (Jämförelser, inte NOT IN: DuckDB gör en lista med IN till en join. Styrtecken tar den långsamma vägen.)
CREATE OR REPLACE TEMP MACRO sv_ej_blank(c) AS c > 32 AND c <> 160 AND c <> 8239;
CREATE OR REPLACE TEMP MACRO sv_text(x) AS
    CASE WHEN sv_ej_blank(ascii(x)) AND sv_ej_blank(ascii(right(x, 1))) THEN x
         ELSE NULLIF(trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239)), '') END;

-- '1 234 567,50 kr' -> '1234567,50': enhet och tusentalsavgränsare bort.
CREATE OR REPLACE TEMP MACRO sv_talstrang(x) AS
    regexp_replace(
        regexp_replace(lower(coalesce(x, '')), '\s*(kr|sek|:-)\.?\s*$', ''),
        '[\s\x{00a0}\x{202f}'']', '', 'g');

-- Svenskt tal: decimalkomma eller -punkt, tusental med blanksteg eller punkt.
CREATE OR REPLACE TEMP MACRO sv_tal(x) AS (
    CASE
        WHEN sv_talstrang(x) = '' THEN NULL
        WHEN regexp_full_match(sv_talstrang(x), '-?[0-9]+([.,][0-9]+)?')
            THEN TRY_CAST(replace(sv_talstrang(x), ',', '.') AS DOUBLE)
        WHEN regexp_full_match(sv_talstrang(x), '-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?')
            THEN TRY_CAST(replace(replace(sv_talstrang(x), '.', ''), ',', '.') AS DOUBLE)
        WHEN regexp_full_match(sv_talstrang(x), '-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?')
            THEN TRY_CAST(replace(sv_talstrang(x), ',', '') AS DOUBLE)
    END);

-- Datum: 2024-03-01, 2024-03-01 00:00:00, 20240301, 2024/03/01. t: redan trimmad text (sv_text).
-- Den vanliga formen (tio tecken, ÅÅÅÅ-MM-DD) tolkas direkt; bara andra former går genom reguljära uttryck.
CREATE OR REPLACE TEMP MACRO sv_datum_t(t) AS (
    CASE
        WHEN t IS NULL THEN NULL
        WHEN length(t) = 10 AND substr(t, 5, 1) = '-' AND substr(t, 8, 1) = '-' THEN TRY_CAST(t AS DATE)
        WHEN regexp_matches(t, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9:.]*)?$')
            THEN CAST(TRY_STRPTIME(regexp_extract(t, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}'), '%Y-%m-%d') AS DATE)
        WHEN regexp_full_match(t, '[0-9]{8}')
            THEN CAST(TRY_STRPTIME(t, '%Y%m%d') AS DATE)
        WHEN regexp_full_match(t, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}')
            THEN CAST(TRY_STRPTIME(t, '%Y/%m/%d') AS DATE)
    END);
CREATE OR REPLACE TEMP MACRO sv_datum(x) AS sv_datum_t(sv_text(x));

-- Samma regel som ingest.kommuner.alias_key i Python.
CREATE OR REPLACE TEMP MACRO sv_kommunnyckel(x) AS
    regexp_replace(
        regexp_replace(strip_accents(lower(trim(x))), '\s+(kommun|stad)$', ''),
        '[^a-z0-9]', '', 'g');

-- Ja/Nej, 1/0, X/tom.
CREATE OR REPLACE TEMP MACRO sv_ja(x) AS
    lower(sv_text(x)) IN ('ja', 'j', '1', 'x', 'sant', 'true', 'yes');
CREATE OR REPLACE TEMP MACRO sv_nej(x) AS
    lower(sv_text(x)) IN ('nej', 'n', '0', 'falskt', 'false', 'no', '-');

-- Personnummer i text maskeras: 19850312-1234 -> 19850312-****.
CREATE OR REPLACE TEMP MACRO sv_maskera(x) AS
    regexp_replace(x, '([0-9]{6}|[0-9]{8})[-+ ]?[0-9]{4}', '\1-****', 'g');

-- Personnummer: 10 eller 12 siffror, '-' eller '+' (över 100 år) tillåtet.
CREATE OR REPLACE TEMP MACRO pnr_form(x) AS
    regexp_full_match(trim(x), '([0-9]{6}|[0-9]{8})[-+ ]?[0-9]{4}');

-- Tolvsiffrig form; århundradet för tiosiffriga av året nu och '+'. siffror = bara siffrorna i x.
CREATE OR REPLACE TEMP MACRO pnr_12(x, siffror) AS (
    CASE
        WHEN NOT pnr_form(x) THEN NULL
        WHEN length(siffror) = 12 THEN siffror
        ELSE printf('%02d',
                CASE WHEN CAST(left(siffror, 2) AS INTEGER) <= getvariable('ar_nu') % 100
                     THEN getvariable('ar_nu') // 100 ELSE getvariable('ar_nu') // 100 - 1 END
                - CASE WHEN contains(x, '+') THEN 1 ELSE 0 END) || siffror
    END);

-- Luhn på de tio sista siffrorna, och ett riktigt datum (samordningsnummer: dag + 60). Räknat på talet
-- (heltalsdivision per siffra): fyra gånger snabbare än siffra för siffra ur texten.
CREATE OR REPLACE TEMP MACRO luhn2(d) AS 2 * d - CASE WHEN d >= 5 THEN 9 ELSE 0 END;
CREATE OR REPLACE TEMP MACRO luhn_ok(n) AS
    (luhn2(n // 1000000000 % 10) + n // 100000000 % 10 + luhn2(n // 10000000 % 10) + n // 1000000 % 10
     + luhn2(n // 100000 % 10) + n // 10000 % 10 + luhn2(n // 1000 % 10) + n // 100 % 10
     + luhn2(n // 10 % 10) + n % 10) % 10 = 0;
-- n: personnumret som tal (tolv siffror), räknat en gång av anroparen: som text i makrot räknades det om för
-- varje siffra (fyra gånger långsammare).
CREATE OR REPLACE TEMP MACRO pnr_giltigt_n(n) AS
    luhn_ok(n % 10000000000)
    AND try(make_date(CAST(n // 100000000 AS INTEGER), CAST(n // 1000000 % 100 AS INTEGER),
                      CAST(n // 10000 % 100 % 60 AS INTEGER))) IS NOT NULL;

-- HMAC-SHA256 enligt RFC 2104 med nyckelns paddar som sessionsvariabler (aldrig i lagret), som 64 hextecken.
CREATE OR REPLACE TEMP MACRO hmac_hex(meddelande) AS
    sha256(getvariable('opad') || unhex(sha256(getvariable('ipad') || encode(meddelande))));
-- Pseudonymen är HMAC:ens 96 första bitar (24 hextecken).
CREATE OR REPLACE TEMP MACRO pseudonym_ur(h) AS 'p' || left(h, 24);
CREATE OR REPLACE TEMP MACRO pseudonym_for(meddelande) AS pseudonym_ur(hmac_hex(meddelande));
-- En persons postnyckel (0–255) är de 8 bitarna efter pseudonymens i samma HMAC: de lagras aldrig, så den
-- som har lagret (pseudonymerna) kan inte räkna fram störningen, och en HMAC per person räcker.
CREATE OR REPLACE TEMP MACRO postnyckel_ur(h) AS CAST('0x' || substr(h, 25, 2) AS INTEGER);

-- Budgetradens postnyckel för cell-key-störningen (queries/storning.py): 0–255, fast per budgetrad. Härledd
-- med samma hemliga nyckel som pseudonymerna, så att den är stabil mellan importer men inte kan räknas ut av
-- den som bara ser lagret eller koden: utan nyckeln går störningen inte att räkna bort.
CREATE OR REPLACE TEMP MACRO postnyckel(meddelande) AS
    CAST('0x' || substr(pseudonym_for('postnyckel:' || meddelande), 2, 2) AS INTEGER);
CREATE OR REPLACE TEMP MACRO budgetrad_nyckel(kommun_kod, ar, manad, budgetpost) AS
    'budget:' || kommun_kod || ':' || ar || ':' || coalesce(CAST(manad AS VARCHAR), 'år') || ':' || budgetpost;

-- Ett personnummer i en avvisad rad visas bara med födelsedatum: 19850312-****.
CREATE OR REPLACE TEMP MACRO pnr_maskerad(x) AS
    CASE WHEN length(regexp_replace(x, '[^0-9]', '', 'g')) > 4
         THEN left(regexp_replace(x, '[^0-9]', '', 'g'), length(regexp_replace(x, '[^0-9]', '', 'g')) - 4) || '-****'
         ELSE '****' END;

-- Läget efter avslut (status_90, status_180, status_365) ur cellens sv_ord; okänt värde behålls maskerat.
-- maskerad: cellens text med personnummer maskerade, räknad en gång per värde (ordkartan i deltagare.sql).
CREATE OR REPLACE TEMP MACRO sv_status_m(ord, maskerad) AS
    CASE coalesce(ord, '')
        WHEN '' THEN NULL
        WHEN 'iarbete' THEN 'I arbete' WHEN 'arbete' THEN 'I arbete'
        WHEN 'istudier' THEN 'I studier' WHEN 'studier' THEN 'I studier'
        WHEN 'arbetssokande' THEN 'Arbetssökande' WHEN 'arbetslos' THEN 'Arbetssökande'
        WHEN 'annaninsats' THEN 'Annan insats'
        WHEN 'okant' THEN 'Okänt' WHEN 'uppgiftsaknas' THEN 'Okänt'
        ELSE maskerad
    END;

-- Jämförelsenyckel för ord i kodlistor: 'Arbetsträning ' -> 'arbetstraning'.
CREATE OR REPLACE TEMP MACRO sv_ord(x) AS
    regexp_replace(strip_accents(lower(coalesce(x, ''))), '[^a-z0-9]', '', 'g');

-- Kommunkod för en cell, eller NULL; kommun_alias och sverige_kommun är tabeller i minnet.
CREATE OR REPLACE TEMP MACRO kommunfel(cell, kod) AS
    CASE
        WHEN kod IS NOT NULL THEN NULL
        WHEN sv_text(cell) IS NULL THEN 'kommun saknas'
        WHEN EXISTS (SELECT 1 FROM sverige_kommun s WHERE s.nyckel = sv_kommunnyckel(cell))
            THEN 'okänd kommun: ''' || sv_maskera(sv_text(cell)) || ''' (ingår inte i ' || getvariable('regionnamn') || ')'
        ELSE 'okänd kommun: ''' || sv_maskera(sv_text(cell)) || ''''
    END;

-- tolkat = sv_datum(cell), räknat en gång av anroparen.
CREATE OR REPLACE TEMP MACRO datumfel(cell, tolkat, namn) AS
    CASE WHEN tolkat IS NULL AND sv_text(cell) IS NOT NULL
         THEN 'ogiltigt ' || namn || ': ''' || sv_maskera(sv_text(cell)) || '''' END;

CREATE OR REPLACE TEMP MACRO talfel(cell, namn) AS
    CASE WHEN sv_text(cell) IS NOT NULL AND sv_tal(cell) IS NULL
              THEN 'ogiltigt tal i ' || namn || ': ''' || sv_maskera(sv_text(cell)) || ''''
         WHEN sv_tal(cell) < 0 THEN 'negativt värde i ' || namn END;

-- Kvar blir bara de skäl som gäller; tom lista = godkänd rad.
CREATE OR REPLACE TEMP MACRO skal(lista) AS list_filter(lista, lambda s: s IS NOT NULL);
