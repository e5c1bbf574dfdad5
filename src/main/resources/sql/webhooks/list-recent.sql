SELECT stripe_event_id, event_type, api_version, object_id, status, outcome, attempts, last_error, received_at,
       processed_at, count(*) OVER () AS total_count
FROM webhook_events
ORDER BY id DESC
LIMIT :#limit OFFSET :#offset
