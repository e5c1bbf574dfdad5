package dev.payroute.messaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RabbitMqUrlTest {

    @Test
    void parses_the_predecessors_form_with_the_default_virtual_host() {
        RabbitMqUrl url = RabbitMqUrl.parse("amqp://guest:guest@rabbitmq:5672/");
        assertEquals(new RabbitMqUrl(false, "rabbitmq", 5672, "guest", "guest", "/"), url);
        assertEquals("/", RabbitMqUrl.parse("amqp://u:p@host").virtualHost());
        assertEquals("/", RabbitMqUrl.parse("amqp://u:p@host/%2F").virtualHost());
    }

    @Test
    void reads_virtual_host_port_tls_and_encoded_credentials() {
        RabbitMqUrl url = RabbitMqUrl.parse("amqps://pay%40route:s%3Acr%2Bt@mq.internal/payments");
        assertTrue(url.tls());
        assertEquals(5671, url.port());
        assertEquals("pay@route", url.user());
        assertEquals("s:cr+t", url.password());
        assertEquals("payments", url.virtualHost());
        assertEquals(15672, RabbitMqUrl.parse("amqp://a:b@h:15672/").port());
    }

    @Test
    void prints_without_the_password() {
        RabbitMqUrl url = RabbitMqUrl.parse("amqp://relay:hunter2@10.0.0.5:5672/prod");
        assertEquals("amqp://relay@10.0.0.5:5672/prod", url.toString());
        assertFalse(url.toString().contains("hunter2"));
    }

    @Test
    void refuses_other_schemes_without_echoing_the_url() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> RabbitMqUrl.parse("http://user:secret@host/"));
        assertFalse(wrong.getMessage().contains("secret"));
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> RabbitMqUrl.parse("amqp://user:se cret@host/"));
        assertFalse(broken.getMessage().contains("se cret"));
    }
}
