-- Urval som flera frågor delar, som tabellmakron i frågelagrets minnesdatabas (skapas en gång per lagerversion).
-- Frågorna anropar dem med sina $parametrar: FROM jobbspar_startade($fran, $till, ...).

-- Deltagare som påbörjat jobbspår under perioden, med urvalets filter (jobbspar_flode, jobbspar_utfall).
CREATE OR REPLACE MACRO jobbspar_startade(p_fran, p_till, p_kommuner, p_kluster, p_malgrupper, p_kon) AS TABLE
    SELECT * FROM lager.deltagare
    WHERE insats = 'Jobbspår'
      AND startdatum BETWEEN p_fran AND p_till
      AND (len(p_kommuner) = 0 OR list_contains(p_kommuner, kommun_kod))
      AND (p_kluster = '' OR jobbspar IN (SELECT jobbspar FROM lager.jobbspar WHERE kluster = p_kluster))
      AND (len(p_malgrupper) = 0 OR list_contains(p_malgrupper, malgrupp))
      AND (p_kon = '' OR kon = p_kon);

-- Deltagare i jobbspår någon gång under perioden (jobbspar_kluster, jobbspar_per_spar).
CREATE OR REPLACE MACRO jobbspar_under_perioden(p_fran, p_till, p_malgrupper, p_kon) AS TABLE
    SELECT * FROM lager.deltagare
    WHERE insats = 'Jobbspår'
      AND startdatum <= p_till AND (slutdatum IS NULL OR slutdatum >= p_fran)
      AND (len(p_malgrupper) = 0 OR list_contains(p_malgrupper, malgrupp))
      AND (p_kon = '' OR kon = p_kon);
