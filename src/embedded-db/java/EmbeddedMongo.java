import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * The service's embedded database: mongo-java-server on one port, its data in memory (tests) or in an
 * H2 MVStore file (npm start). Usage: java EmbeddedMongo <host> <port> memory|<file> [cacheMiB].
 *
 * Six things the stock server does not do:
 * - it reports wire version 8 (MongoDB 5.0), and the Node driver 7 refuses anything below 9;
 * - its H2 store commits once a second, so a killed process could lose the last second of acknowledged
 *   writes: here every write command is committed before it is answered;
 * - it outlives its parent: here it stops when its standard input closes, which happens when the
 *   service that started it exits, however it exits;
 * - a `create` command racing an insert into the same new collection could make two collections of one
 *   name, and the documents of the first were lost (mongoose creates its models' collections while the
 *   service already writes): here both take the database's lock;
 * - it uses an index only for a query made of exactly that index's keys, and ignores non-unique indexes,
 *   so a find by `parent`, or by `_id` and `version`, read the whole collection: here a query with an
 *   equality or `$in` on the key of any index reads only the documents that index names for those
 *   values (the whole query is then matched against each, as before);
 * - its H2 store writes documents with Java serialization, which made every committed write cost about a
 *   millisecond of CPU per document, and compares its unique indexes' keys by Java-serializing both sides of
 *   every comparison: here documents and index keys are stored as BSON and keys compared as values (so this
 *   store's files are read only by this launcher).
 */
public final class EmbeddedMongo {

    /** What the server tells drivers it is: MongoDB 6.0, wire version 17. */
    private static final MongoVersion VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(6, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 17;
        }
    };

    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");

    /** The memory backend, with collections created under the database's lock and queries planned on every index. */
    static final class SafeMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new MemoryDatabase(databaseName, getCursorRegistry()) {
                @Override
                public synchronized MongoCollection<Integer> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
                    return super.createCollectionOrThrowIfExists(collectionName, options);
                }

                @Override
                protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                    return new MemoryCollection(this, collectionName, options, cursorRegistry) {
                        @Override
                        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
                            Iterable<Integer> positions = plannedPositions(getIndexes(), query);
                            return positions == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fields) : matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
                        }
                    };
                }

                @Override
                protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                    return new SecondaryIndex<>(indexName, keys);
                }
            };
        }
    }

    /**
     * An H2 backend that makes every write durable (in the file, so a killed process keeps it) before
     * answering, with collections created under the database's lock.
     */
    static final class CommittingH2Backend extends H2Backend {
        CommittingH2Backend(MVStore store) {
            super(store);
        }

        // Called by the super constructor for the databases already in the file: no field of this class is set yet.
        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            MVStore store = getMvStore();
            return new H2Database(databaseName, store, getCursorRegistry()) {
                @Override
                public synchronized MongoCollection<Object> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
                    return super.createCollectionOrThrowIfExists(collectionName, options);
                }

                // The map names H2Database gives a collection's documents and facts, so a planned collection reads the same file.
                @Override
                protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                    String fullName = getFullCollectionNamespace(collectionName);
                    MVMap<Object, Document> dataMap = store.openMap("databases." + fullName, new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
                    MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
                    return new H2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry) {
                        @Override
                        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
                            Iterable<Object> positions = plannedPositions(getIndexes(), query);
                            return positions == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fields) : matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
                        }
                    };
                }

                @Override
                protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                    return new SecondaryIndex<>(indexName, keys);
                }

                // The map name H2Database gives an index, so dropping the index removes this map.
                @Override
                protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                    MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName, new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
                    return new H2KeyedUniqueIndex(map, indexName, keys, sparse);
                }
            };
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            Document response = super.handleCommand(channel, databaseName, command, query);
            if (WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) commit();
            return response;
        }
    }

    /** A value an index can be asked for by equality: text, a number, a boolean, an id or a date; not null, a list or a sub-document. */
    static boolean isPlainValue(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof ObjectId || value instanceof java.time.Instant || value instanceof java.util.Date;
    }

    /** Numbers as the stock unique indexes key them (every number a double), so 1 and 1.0 find each other. */
    static Object indexKey(Object value) {
        if (value instanceof Long number && (double) number.longValue() != number.doubleValue()) return number;
        if (value instanceof Number number) return number.doubleValue() == -0.0 ? 0.0 : number.doubleValue();
        return value;
    }

    /** The values a top-level condition asks a field to equal: `v`, `{$eq: v}` or `{$in: [v…]}`; null when it is anything else. */
    static List<Object> equalityValues(Object condition) {
        if (isPlainValue(condition)) return List.of(condition);
        if (!(condition instanceof Document document) || document.size() != 1) return null;
        Object eq = document.get("$eq");
        if (eq != null) return isPlainValue(eq) ? List.of(eq) : null;
        Object in = document.get("$in");
        if (!(in instanceof Collection<?> values) || values.isEmpty() || values.size() > 100_000) return null;
        for (Object value : values) if (!isPlainValue(value)) return null;
        return new ArrayList<>(values);
    }

    /**
     * The positions of the documents a query can match, from an index whose key the query fixes by equality
     * or `$in` at its top level: a unique one if it can, else the non-unique one naming the fewest
     * documents; null when no index helps. The positions are a superset: the whole query is still matched
     * against every document they name.
     */
    static <P> Iterable<P> plannedPositions(List<Index<P>> indexes, Document query) {
        if (query == null || query.isEmpty()) return null;
        SecondaryIndex<P> narrowest = null;
        List<Object> narrowestValues = null;
        long fewest = Long.MAX_VALUE;
        for (Index<P> index : indexes) {
            String field = index.getKeys().get(0).getKey();
            if (index.getKeys().size() > 1 && index.isUnique()) continue;
            List<Object> values = equalityValues(query.get(field));
            if (values == null) continue;
            if (index instanceof SecondaryIndex<P> secondary) {
                long count = secondary.countFor(values);
                if (count < fewest) {
                    fewest = count;
                    narrowest = secondary;
                    narrowestValues = values;
                }
                continue;
            }
            Set<P> positions = new LinkedHashSet<>();
            for (Object value : values) {
                P position = index.getPosition(new Document(field, value));
                if (position != null) positions.add(position);
            }
            return positions;
        }
        return narrowest == null ? null : narrowest.positionsFor(narrowestValues);
    }

    /**
     * A non-unique index on the first of its keys, in memory: for each value, the positions of the documents
     * holding it (each item of a list counts, as in MongoDB's multikey indexes). The stock server keeps no
     * non-unique index at all. Rebuilt from the documents whenever a store is opened.
     */
    static final class SecondaryIndex<P> extends Index<P> {
        private record Entry<P>(P position, List<Object> values) {}

        private final String field;
        private final Map<Object, Set<P>> positionsByValue = new HashMap<>();
        private final Map<Object, Entry<P>> entriesById = new HashMap<>();

        SecondaryIndex(String name, List<IndexKey> keys) {
            // Sparse: it names no position for a document's removal, which the _id index does.
            super(name, keys, true);
            this.field = keys.get(0).getKey();
        }

        private List<Object> valuesOf(Document document) {
            Object value = Utils.getSubdocumentValue(document, field);
            if (value == null || value instanceof Missing) return List.of();
            if (value instanceof Collection<?> items) return items.stream().filter(EmbeddedMongo::isPlainValue).map(EmbeddedMongo::indexKey).distinct().toList();
            return isPlainValue(value) ? List.of(indexKey(value)) : List.of();
        }

        synchronized long countFor(List<Object> values) {
            long count = 0;
            for (Object value : values) count += positionsByValue.getOrDefault(indexKey(value), Set.of()).size();
            return count;
        }

        synchronized Set<P> positionsFor(List<Object> values) {
            Set<P> positions = new LinkedHashSet<>();
            for (Object value : values) positions.addAll(positionsByValue.getOrDefault(indexKey(value), Set.of()));
            return positions;
        }

        @Override
        public P getPosition(Document document) {
            return null;
        }

        @Override
        public void checkAdd(Document document, MongoCollection<P> collection) {
        }

        @Override
        public synchronized void add(Document document, P position, MongoCollection<P> collection) {
            List<Object> values = valuesOf(document);
            entriesById.put(indexKey(document.get("_id")), new Entry<>(position, values));
            for (Object value : values) positionsByValue.computeIfAbsent(value, key -> new LinkedHashSet<>()).add(position);
        }

        @Override
        public synchronized P remove(Document document) {
            Entry<P> entry = entriesById.remove(indexKey(document.get("_id")));
            if (entry == null) return null;
            for (Object value : entry.values()) {
                Set<P> positions = positionsByValue.get(value);
                if (positions == null) continue;
                positions.remove(entry.position());
                if (positions.isEmpty()) positionsByValue.remove(value);
            }
            return null;
        }

        @Override
        public boolean canHandle(Document query) {
            // Planned by plannedPositions, which knows to match the whole query afterwards.
            return false;
        }

        @Override
        public Iterable<P> getPositions(Document query) {
            throw new UnsupportedOperationException("a secondary index is asked through plannedPositions");
        }

        @Override
        public synchronized long getCount() {
            return entriesById.size();
        }

        @Override
        public long getDataSize() {
            return 0;
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        }

        @Override
        public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
            remove(oldDocument);
            add(newDocument, position, collection);
        }

        @Override
        public synchronized void drop() {
            positionsByValue.clear();
            entriesById.clear();
        }
    }

    /** Index keys in the H2 store as BSON, ordered as MongoDB orders values. */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        static final KeyValueType INSTANCE = new KeyValueType();
        private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();

        @Override
        public int compare(KeyValue a, KeyValue b) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int order = ORDER.compare(a.get(i), b.get(i));
                if (order != 0) return order;
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public int getMemory(KeyValue key) {
            return 64;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            Document parts = new Document();
            int i = 0;
            for (Object part : key) parts.put(String.valueOf(i++), part instanceof Missing ? null : part);
            BsonDocumentType.INSTANCE.write(buffer, parts);
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            return new KeyValue(new ArrayList<>(BsonDocumentType.INSTANCE.read(buffer).values()));
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }

    /** H2's unique index, on a map whose keys are KeyValueType's. */
    static final class H2KeyedUniqueIndex extends AbstractUniqueIndex<Object> {
        private final MVMap<KeyValue, Object> map;

        H2KeyedUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /** Documents in the H2 store as BSON, encoded and decoded by the server's own wire codec. */
    static final class BsonDocumentType extends BasicDataType<Document> {
        static final BsonDocumentType INSTANCE = new BsonDocumentType();

        @Override
        public int getMemory(Document document) {
            // The page cache's estimate; a product is a few kilobytes.
            return 4096;
        }

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf encoded = Unpooled.buffer();
            try {
                BsonEncoder.encodeDocument(document, encoded);
                buffer.putVarInt(encoded.readableBytes());
                buffer.put(encoded.nioBuffer());
            } finally {
                encoded.release();
            }
        }

        @Override
        public Document read(ByteBuffer buffer) {
            int length = DataUtils.readVarInt(buffer);
            ByteBuf encoded = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
            buffer.position(buffer.position() + length);
            return BsonDecoder.decodeBson(encoded);
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EmbeddedMongo <host> <port> memory|<file> [cacheMiB]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String storage = args[2];
        int cacheMiB = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        MongoBackend backend = storage.equals("memory")
            ? new SafeMemoryBackend()
            : new CommittingH2Backend(new MVStore.Builder().fileName(storage).cacheSize(cacheMiB).open());
        backend.version(VERSION);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress(host, port));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
        }));
        System.out.println("listening on " + server.getLocalAddress().getPort());
        System.out.flush();
        waitForParentToGo(System.in);
        System.exit(0);
    }

    private static void waitForParentToGo(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Nothing is sent; the read returns -1 when the parent's end of the pipe closes.
            }
        } catch (IOException closed) {
            // The parent is gone just the same.
        }
    }
}
