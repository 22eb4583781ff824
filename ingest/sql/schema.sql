-- Lagret enligt datakontraktet avsnitt 5, plus spårbarhet (import_id) och referensdata.
CREATE TABLE IF NOT EXISTS kommun (
    kommun_kod VARCHAR PRIMARY KEY,
    kommun_namn VARCHAR NOT NULL,
    befolkning INTEGER,
    befolkning_ar INTEGER
);
CREATE TABLE IF NOT EXISTS deltagare (
    deltagare_id VARCHAR NOT NULL,      -- pseudonym, aldrig personnummer
    kommun_kod VARCHAR NOT NULL,
    insats VARCHAR NOT NULL,
    startdatum DATE NOT NULL,
    slutdatum DATE,
    avslutsorsak VARCHAR,
    status_90 VARCHAR,
    jobbspar VARCHAR,
    projekt VARCHAR,
    kon VARCHAR,
    fodelsear INTEGER,
    malgrupp VARCHAR,
    ekonomiskt_bistand BOOLEAN,
    import_id INTEGER,
    rkey INTEGER                        -- postnyckel 0–255 för cell-key-störningen (ur pseudonymen, hemlig nyckel)
);
CREATE TABLE IF NOT EXISTS budget (
    ar INTEGER NOT NULL,
    manad INTEGER,                      -- NULL = hela året
    kommun_kod VARCHAR NOT NULL,
    budgetpost VARCHAR NOT NULL,
    budget_kr DOUBLE NOT NULL,
    utfall_kr DOUBLE,
    budget_platser DOUBLE,
    utfall_platser DOUBLE,
    kommentar VARCHAR,
    import_id INTEGER,
    rkey INTEGER                        -- postnyckel för besatta platser (antal personer ur budgetfilen)
);
CREATE TABLE IF NOT EXISTS jobbspar (
    jobbspar VARCHAR NOT NULL,
    kluster VARCHAR NOT NULL,
    kommun_kod VARCHAR NOT NULL,
    bransch VARCHAR,
    samordnare VARCHAR,                 -- kommunkod för samordnande kommun
    startdatum DATE,
    slutdatum DATE,
    platser DOUBLE,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS projekt (
    projekt_nyckel VARCHAR NOT NULL,    -- projekt_id, annars projektnamnet
    projekt VARCHAR NOT NULL,
    projekt_id VARCHAR,
    startdatum DATE NOT NULL,
    slutdatum DATE NOT NULL,
    agare VARCHAR,
    budget_kr DOUBLE,
    esf_stod_kr DOUBLE,
    mal_andel DOUBLE,
    malgrupp VARCHAR,
    planerade_deltagare DOUBLE,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS projekt_kommun (
    projekt_nyckel VARCHAR NOT NULL,
    kommun_kod VARCHAR NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;
CREATE TABLE IF NOT EXISTS import_log (
    import_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_type VARCHAR,                  -- NULL när filen refuserades innan typen gick att avgöra
    sha256 VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rows_updated INTEGER NOT NULL,
    status VARCHAR NOT NULL,            -- 'inläst', 'delvis inläst', 'refuserad'
    meddelande VARCHAR,
    data_till DATE,                     -- senaste datum som filens data avser
    arkivfil VARCHAR
);
-- Vem som lämnade in en fil och hur (webb = sidan Lämna in filer); saknas raden kom filen genom inkorgen
-- eller kommandoraden.
CREATE TABLE IF NOT EXISTS leverans (
    import_id INTEGER PRIMARY KEY,
    levererad_av VARCHAR NOT NULL,
    kanal VARCHAR NOT NULL
);
-- Leveransens gränser (en chefs hemkommun, filtyperna rollen lämnar in): bygg-om läser in filen med samma gränser.
ALTER TABLE leverans ADD COLUMN IF NOT EXISTS bara_kommun VARCHAR;
ALTER TABLE leverans ADD COLUMN IF NOT EXISTS typer VARCHAR[];
CREATE TABLE IF NOT EXISTS rejected_rows (
    import_id INTEGER NOT NULL,
    file_name VARCHAR NOT NULL,
    line_no INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    rad VARCHAR                         -- radens innehåll, personnummer maskerade
);
CREATE TABLE IF NOT EXISTS lager_info (
    nyckel VARCHAR PRIMARY KEY,
    varde VARCHAR
);
-- Lager byggda före postnycklarna får kolumnen här och värdena i pipeline._forbered.
ALTER TABLE deltagare ADD COLUMN IF NOT EXISTS rkey INTEGER;
ALTER TABLE budget ADD COLUMN IF NOT EXISTS rkey INTEGER;
-- Läget 6 och 12 månader efter avslut (frivilliga kolumner, kontraktet avsnitt 3).
ALTER TABLE deltagare ADD COLUMN IF NOT EXISTS status_180 VARCHAR;
ALTER TABLE deltagare ADD COLUMN IF NOT EXISTS status_365 VARCHAR;
-- Kontextfiler (avsnitt 7): offentlig statistik, inte personuppgifter och inte störd.
CREATE TABLE IF NOT EXISTS arbetsmarknad (
    manad DATE NOT NULL,                -- månadens första dag
    kommun_kod VARCHAR NOT NULL,
    afkod INTEGER NOT NULL,             -- AF:s mått: 4 öppet arbetslösa, 87 utan arbete >12 mån, 97 i extratjänst …
    kon VARCHAR NOT NULL,               -- 'T' (totalt), 'K', 'M'
    antal DOUBLE,                       -- NULL = dolt hos AF ("<5") eller saknas; aldrig 0 för okänt
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS kolada (
    kpi VARCHAR NOT NULL,
    kommun_kod VARCHAR NOT NULL,
    ar INTEGER NOT NULL,
    kon VARCHAR NOT NULL,               -- 'T', 'K', 'M'
    varde DOUBLE,
    import_id INTEGER
);
-- SCB:s folkmängd per kommun, år, kön och ålder (alder NULL = alla åldrar). Ger kommun.befolkning och
-- kommun.befolkning_16_64 för vilken region som helst (ingest/sql/kommun_folkmangd.sql).
CREATE TABLE IF NOT EXISTS befolkning (
    kommun_kod VARCHAR NOT NULL,
    ar INTEGER NOT NULL,
    kon VARCHAR NOT NULL,
    alder INTEGER,
    antal DOUBLE NOT NULL,
    import_id INTEGER
);
ALTER TABLE kommun ADD COLUMN IF NOT EXISTS befolkning_16_64 INTEGER;
CREATE TABLE IF NOT EXISTS kolada_kpi (
    kpi VARCHAR PRIMARY KEY,
    titel VARCHAR NOT NULL
);
