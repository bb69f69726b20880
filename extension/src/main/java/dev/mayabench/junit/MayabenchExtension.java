package dev.mayabench.junit;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.Extension;

/** The JUnit Jupiter extension behind {@link MayastorCluster} and {@link Fio}. */
@API(status = API.Status.STABLE)
public final class MayabenchExtension implements Extension {
}
