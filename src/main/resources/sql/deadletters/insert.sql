INSERT INTO dead_letters (source, reference, reason, event_id) VALUES (:#source, :#reference, :#reason, :#reference)
