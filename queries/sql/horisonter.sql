-- @nyckel dagar
-- Uppföljningens horisonter som lagret har uppgifter för: 90 dagar alltid, 6 och 12 månader när filerna har de
-- frivilliga kolumnerna (kontraktet avsnitt 3). /resultat erbjuder bara dessa.
SELECT 90 AS dagar
UNION ALL SELECT 180 WHERE EXISTS (SELECT 1 FROM deltagare WHERE status_180 IS NOT NULL)
UNION ALL SELECT 365 WHERE EXISTS (SELECT 1 FROM deltagare WHERE status_365 IS NOT NULL)
ORDER BY dagar;
