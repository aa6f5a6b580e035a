package io.gatehouse.platform.shared;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one source of time. Domain code takes a {@link Clock}; tests replace this bean to move time. */
@Configuration(proxyBeanMethods = false)
class PlatformClock {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
