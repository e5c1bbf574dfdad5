package dev.payroute.messaging;

import dev.payroute.RouteVariables;
import dev.payroute.billing.BillingRecords;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;


/**
 * Kafka payment_commands → the escrow routes (routes/messaging/payment-commands). Translates
 * the CampusG command payloads; the operation id of an authorisation is derived from its
 * correlation id, so a redelivered or duplicated command is the same operation.
 */
public final class CommandIngress {

    /** Route variables: the command's type, and its deduplication key (type and correlation id). */
    public static final String TYPE = "commandType";
    public static final String KEY = RouteVariables.COMMAND_KEY;

    /**
     * Takes Exchange: it translates the Kafka record (PaymentCommands.parse) into what the escrow routes
     * read, several route variables (commandType, commandKey, operationId, principal kafka, request, paymentRef) and the
     * correlation id header.
     */
    public void parse(Exchange exchange) {
        PaymentCommands.Command command;
        try {
            command = PaymentCommands.parse(exchange.getMessage().getBody(byte[].class));
        } catch (InvalidCommand invalid) {
            exchange.getMessage().setHeader(RouteVariables.CORRELATION_ID, invalid.correlationId());
            throw invalid;
        }
        exchange.getMessage().setHeader(RouteVariables.CORRELATION_ID, command.correlationId());
        exchange.setVariable(TYPE, command.type());
        exchange.setVariable(KEY, command.key());
        exchange.setVariable(RouteVariables.OPERATION_ID, command.operationId());
        exchange.setVariable(RouteVariables.PRINCIPAL, BillingRecords.KAFKA);
        exchange.setVariable(RouteVariables.REQUEST, command.request());
        exchange.setVariable("paymentRef", command.paymentRef());
    }

    /** Commits this record's offset: called only once its effects (or its dead letter) are committed. */
    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit manual) {
        if (manual != null) {
            manual.commit();
        }
    }

    /**
     * Leaves a record polled just before the route was suspended for after the resume: its partition is rewound
     * to it (Kafka's consumer is used on its own polling thread, which runs this route), unless an earlier record
     * of the same poll was rewound to already. Nothing is committed, so the record is read again, once, on resume.
     */
    public void leaveForResume(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit manual) {
        if (manual instanceof DefaultKafkaManualCommit record) {
            var consumer = record.getConsumer();
            TopicPartition partition = record.getPartition();
            if (record.getRecordOffset() < consumer.position(partition)) {
                consumer.seek(partition, record.getRecordOffset());
            }
        }
    }

    /** Headers of a dead-lettered command: where it came from and why it failed; the body stays the original bytes. */
    /** Takes Exchange: the headers describe the caught failure and the record it came from. */
    public void deadLetterHeaders(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().setHeader("dlt_reason", cause == null ? "unknown" : cause.getMessage());
        exchange.getMessage().setHeader("dlt_exception", cause == null ? "unknown" : cause.getClass().getName());
        exchange.getMessage().setHeader("dlt_original_topic", exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class));
        exchange.getMessage().setHeader("dlt_original_partition",
                String.valueOf(exchange.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class)));
        exchange.getMessage().setHeader("dlt_original_offset",
                String.valueOf(exchange.getMessage().getHeader(KafkaConstants.OFFSET, Long.class)));
    }

}
