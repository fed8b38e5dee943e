package dev.factory.engine.port;

import java.util.Map;

/** Every object the engine holds (containers, images, networks, volumes), by id, with its labels: what ownership is read from. */
public interface LabelledObjects {
    Map<String, Map<String, String>> labelsById();
}
