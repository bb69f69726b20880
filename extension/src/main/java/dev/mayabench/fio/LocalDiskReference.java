package dev.mayabench.fio;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a fio job measured on a node's local disk, kept to judge results of the same job on networked or
 * replicated storage: reads faster than the local disk mean a cache answered them, writes faster than it mean
 * they were acknowledged before they were durable (kbench's rules).
 *
 * <pre>{@code
 * result.localDisk().ifPresent(ref -> System.out.println(ref.storageClass() + ": " + ref.result().read().iops()));
 * }</pre>
 *
 * @param storageClass the local StorageClass it was measured on ({@code local-path}, ...)
 * @param result       what it measured
 */
@API(status = API.Status.EXPERIMENTAL)
public record LocalDiskReference(String storageClass, FioResult result) {

    public LocalDiskReference {
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(result, "result");
    }
}
