-- A probe row: the name's note (it's a test; 'quoted :notAParameter' and casts like '1'::int stay as they are).
INSERT INTO later_probe (name, note, n) VALUES (:#name, :#note, CAST('1' AS text)::int)
