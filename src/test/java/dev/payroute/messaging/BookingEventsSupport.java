package dev.payroute.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.payroute.bookings.BookingQueues;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TestRabbit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Publishing booking events to this JVM's bookings exchange (straight to the broker) and reading the results. */
abstract class BookingEventsSupport extends RouteTestSupport {

    protected static final BookingQueues QUEUES = TestRabbit.bookings();

    private static ObjectNode event(String type, String bookingId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", "evt-" + UUID.randomUUID());
        event.put("event_type", type);
        event.put("occurred_at", Instant.now().toString());
        event.put("booking_id", bookingId);
        event.put("guest_id", "guest-" + bookingId);
        return event;
    }

    protected static ObjectNode created(String bookingId, long amount, boolean paymentRequired, String paymentMethod) {
        ObjectNode event = event("booking.created", bookingId);
        event.put("amount", amount);
        event.put("currency", "usd");
        event.put("payment_required", paymentRequired);
        if (paymentMethod != null) {
            event.put("payment_method", paymentMethod);
        }
        event.put("description", "booking " + bookingId);
        return event;
    }

    protected static ObjectNode cancelled(String bookingId) {
        ObjectNode event = event("booking.cancelled", bookingId);
        event.put("reason", "guest changed plans");
        return event;
    }

    protected static String newBooking() {
        return "bk-" + UUID.randomUUID();
    }

    /** Publishes persistently with publisher confirms, straight to the broker (not through the proxy). */
    protected static void publish(String routingKey, String body) {
        try (Connection connection = TestRabbit.connect(); Channel channel = connection.createChannel()) {
            QUEUES.declare(channel);
            channel.confirmSelect();
            channel.basicPublish(QUEUES.exchange(), routingKey, new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build(), body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected static void publish(JsonNode event) {
        publish(event.get("event_type").asText(), event.toString());
    }

    /** Takes every message from the dead queue. */
    protected static List<GetResponse> drainDeadQueue() {
        List<GetResponse> messages = new ArrayList<>();
        try (Connection connection = TestRabbit.connect(); Channel channel = connection.createChannel()) {
            for (GetResponse r = channel.basicGet(QUEUES.deadQueue(), true); r != null; r = channel.basicGet(QUEUES.deadQueue(), true)) {
                messages.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return messages;
    }

    protected String eventStatus(String eventId) {
        return queryString("SELECT status FROM booking_events WHERE event_id = ?", eventId);
    }

    protected String eventOutcome(String eventId) {
        return queryString("SELECT outcome FROM booking_events WHERE event_id = ?", eventId);
    }

    /** Waits until the event is DONE; a timeout says where it stands (its row, its dead letter, the queue, the pool). */
    protected void awaitDone(String eventId) {
        try {
            await("booking event " + eventId + " is done", () -> "DONE".equals(eventStatus(eventId)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("booking event " + eventId + " is not done after 20 s; " + whereItStands(eventId), e);
        }
    }

    private String whereItStands(String eventId) {
        StringBuilder s = new StringBuilder();
        s.append("its row: ").append(rows("SELECT status, outcome, claimed_until, now() AS now FROM booking_events WHERE event_id = ?", eventId));
        s.append("; its dead letters: ").append(rows("SELECT reason, created_at FROM dead_letters WHERE source = 'rabbitmq' AND event_id = ?", eventId));
        try (Connection connection = TestRabbit.connect(); Channel channel = connection.createChannel()) {
            AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(QUEUES.queue());
            s.append("; queue ").append(QUEUES.queue()).append(": ").append(queue.getMessageCount()).append(" ready, ")
                    .append(queue.getConsumerCount()).append(" consumers (this class's context has payroute.bookings.consumers of them; more is another consumer)");
            s.append("; dead queue: ").append(channel.queueDeclarePassive(QUEUES.deadQueue()).getMessageCount()).append(" messages");
        } catch (Exception e) {
            s.append("; queue unreadable: ").append(e);
        }
        s.append("; database sessions: ").append(rows("SELECT state, left(query, 80) AS query, now() - state_change AS for"
                + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"));
        return s.toString();
    }

    private String rows(String sql, Object... params) {
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getString(i));
                    }
                    rows.add(String.join(" ", row));
                }
            }
        } catch (java.sql.SQLException e) {
            return "unreadable: " + e.getMessage();
        }
        return rows.isEmpty() ? "none" : rows.toString();
    }

    /** The outbox events of one payment, in order: what PublishedEvents waits for. */
    protected java.util.Map<String, List<String>> outboxOrder(String paymentId) {
        java.util.Map<String, List<String>> order = new java.util.LinkedHashMap<>();
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT CAST(event_id AS text) FROM outbox WHERE aggregate_id = ? ORDER BY id")) {
            ps.setString(1, paymentId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    order.computeIfAbsent(paymentId, k -> new ArrayList<>()).add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return order;
    }

    protected String paymentOfBooking(String bookingId) {
        return queryString("SELECT id FROM payments WHERE booking_id = ?", bookingId);
    }
}
