SELECT * FROM refunds WHERE reference = :#reference
