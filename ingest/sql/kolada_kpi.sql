-- Koladas beskrivning av nyckeltalen (/v3/kpi): id och titel.
CREATE OR REPLACE TEMP TABLE norm AS
SELECT line_no, upper(sv_text(kpi)) AS kpi, sv_maskera(sv_text(titel)) AS titel, FALSE AS utanfor,
       skal([CASE WHEN sv_text(kpi) IS NULL THEN 'nyckeltal saknas' END,
             CASE WHEN sv_text(titel) IS NULL THEN 'titel saknas' END]) AS fel
FROM stg;
