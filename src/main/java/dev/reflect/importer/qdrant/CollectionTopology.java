package dev.reflect.importer.qdrant;

/**
 * How a new collection is spread over a Qdrant cluster: shards, copies of each shard (replication factor) and
 * how many copies must acknowledge a write. {@link #SINGLE_NODE} is one of each, today's single-node collection.
 */
public record CollectionTopology(int shards, int replicas, int writeConsistency) {

    public static final CollectionTopology SINGLE_NODE = new CollectionTopology(1, 1, 1);

    public CollectionTopology {
        if (shards < 1 || replicas < 1 || writeConsistency < 1) {
            throw new IllegalArgumentException("shards, replicas and write consistency must be at least 1");
        }
        if (writeConsistency > replicas) {
            throw new IllegalArgumentException("write consistency " + writeConsistency
                    + " cannot exceed the replication factor " + replicas);
        }
    }
}
