package dev.mayabench.maven;

import java.util.List;

/** Translates goal parameters into the command's options. */
final class Arguments {

    private Arguments() {
    }

    static void option(List<String> args, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            args.add(name);
            args.add(value.toString());
        }
    }
}
