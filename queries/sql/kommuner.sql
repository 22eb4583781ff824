-- @matt befolkning, befolkning_ar
-- Regionens kommuner som lagret byggdes för: filterlistor, kommunknappar och prövning av URL:ens kommunkoder.
SELECT kommun_kod, kommun_namn, befolkning, befolkning_ar FROM kommun ORDER BY kommun_namn;
