UPDATE verification_records SET archived_at = now() WHERE id = :#id
