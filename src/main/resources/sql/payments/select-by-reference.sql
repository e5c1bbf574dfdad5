SELECT * FROM payments WHERE reference = :#reference
