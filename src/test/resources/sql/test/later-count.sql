SELECT count(*) AS n, count(note) AS notes FROM later_probe WHERE name = :#name
