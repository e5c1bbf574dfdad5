UPDATE retry_probe SET n = n + 1 WHERE id = :#id
