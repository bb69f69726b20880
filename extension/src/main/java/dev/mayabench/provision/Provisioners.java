package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.stage.Workspace;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Finds the {@link ProvisionerFactory} of a provider among those on the class path.
 *
 * <pre>{@code
 * Provisioner p = Provisioners.create(spec, workspace);  // spec.provider() == "local"
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Provisioners {

    private Provisioners() {
    }

    /** Every provider available on the class path, by name. */
    public static Map<String, ProvisionerFactory> available() {
        Map<String, ProvisionerFactory> factories = new TreeMap<>();
        ServiceLoader.load(ProvisionerFactory.class, Provisioners.class.getClassLoader())
                .forEach(f -> factories.putIfAbsent(f.provider(), f));
        return factories;
    }

    /**
     * Creates the provisioner for the spec's provider. A provider that the configuration knows but that is
     * not available (not implemented yet, or its module is missing) is a configuration error that says so.
     */
    public static Provisioner create(ClusterSpec spec, Workspace workspace) {
        Map<String, ProvisionerFactory> available = available();
        ProvisionerFactory factory = available.get(spec.provider());
        if (factory == null) {
            throw new ConfigurationException(new Problem("provider", spec.provider(),
                    "a provider available in this build: " + String.join(", ", available.keySet()),
                    "provider '" + spec.provider() + "' is not available in this version of mayabench; use "
                            + "provider = \"local\" (fio on this machine) until it is"));
        }
        return factory.create(spec, workspace);
    }
}
