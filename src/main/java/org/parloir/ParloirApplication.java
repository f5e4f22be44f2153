package org.parloir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Bootstrap only: each bounded context wires itself through its own {@code *Configuration}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ParloirApplication {

    public static void main(String[] args) {
        SpringApplication.run(ParloirApplication.class, args);
    }
}
