package dev.factory.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a kind offers other kinds and features: its section, its specs, a helper meant for reuse
 * (the container kind's {@code OneShot}). A kind may use another kind's classes only when they
 * carry this; everything else in a kind's package is its own (the architecture test checks it).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface KindApi {}
