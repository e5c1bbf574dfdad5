SELECT 1 AS done FROM camel_messageprocessed WHERE processorname = 'kafka-payment-commands' AND messageid = :#commandKey
