SELECT * FROM invoices WHERE number = :#number
