SELECT nyckel, varde FROM lager_info;
