-- @personer n
SELECT malgrupp, count(*) AS n FROM deltagare WHERE malgrupp IS NOT NULL GROUP BY malgrupp ORDER BY malgrupp;
