-- Samma månad, kommun, mått och kön ersätter det som fanns (en nyare fil rättar en äldre).
-- Rader per uppdelning (ålder, län …) summeras; är någon del dold blir summan okänd (NULL), inte för låg.
CREATE OR REPLACE TEMP TABLE am_ny AS
SELECT manad, kommun_kod, afkod, kon,
       CASE WHEN bool_or(antal IS NULL) THEN NULL ELSE sum(antal) END AS antal
FROM norm WHERE len(fel) = 0 AND NOT utanfor
GROUP BY manad, kommun_kod, afkod, kon;
DELETE FROM arbetsmarknad a USING am_ny n
WHERE a.manad = n.manad AND a.kommun_kod = n.kommun_kod AND a.afkod = n.afkod AND a.kon = n.kon;
INSERT INTO arbetsmarknad SELECT manad, kommun_kod, afkod, kon, antal, getvariable('import_id') FROM am_ny;
DROP TABLE am_ny;
