-- @personer n
SELECT malgrupp, count(*) AS n, sum(rkey) % 256 AS n__ckey FROM deltagare WHERE malgrupp IS NOT NULL GROUP BY malgrupp ORDER BY malgrupp;
