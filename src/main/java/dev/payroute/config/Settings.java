package dev.payroute.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.util.Locale;

/** payroute.* settings read through Camel's property placeholders (application.properties, env overrides). */
final class Settings {

    private final PropertiesComponent properties;

    Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    String optional(String name) {
        return properties.resolveProperty(name).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new IllegalStateException("missing setting " + name);
        }
        return value;
    }

    /** A number application.properties defines (its default lives there, not here). */
    int integer(String name) {
        return Integer.parseInt(required(name));
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(required(name));
    }

    boolean production() {
        String env = optional("payroute.environment");
        return env != null && env.toLowerCase(Locale.ROOT).equals("production");
    }
}
