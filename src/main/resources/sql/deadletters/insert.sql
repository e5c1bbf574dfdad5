INSERT INTO dead_letters (source, reference, reason) VALUES (:#source, :#reference, :#reason)
