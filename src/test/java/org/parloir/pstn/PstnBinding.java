package org.parloir.pstn;

import jakarta.validation.Validation;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** Binds {@code parloir.pstn.*} the way the application does, validation included, without starting it. */
final class PstnBinding {

    private PstnBinding() {
    }

    static PstnProperties bind(Map<String, String> properties) {
        var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("parloir.pstn", Bindable.of(PstnProperties.class),
                        new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), validator));
    }
}
