package dev.payroute.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The property function {@code {{configured:some.property}}}: "true" when that property has a non-blank
 * value, else "false". application.properties derives switches from settings with it (a broker is relayed
 * when its address is configured), so nothing needs to be written back into the properties at start-up.
 */
final class ConfiguredFunction implements PropertiesFunction {

    private final CamelContext context;

    ConfiguredFunction(CamelContext context) {
        this.context = context;
    }

    @Override
    public String getName() {
        return "configured";
    }

    @Override
    public String apply(String remainder) {
        boolean configured = context.getPropertiesComponent().resolveProperty(remainder.trim())
                .map(String::trim).filter(v -> !v.isEmpty()).isPresent();
        return Boolean.toString(configured);
    }
}
