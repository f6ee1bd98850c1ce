import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The service's embedded database: mongo-java-server on one port, its data in memory (tests) or in an
 * H2 MVStore file (npm start). Usage: java EmbeddedMongo <host> <port> memory|<file> [cacheMiB].
 *
 * Four things the stock server does not do:
 * - it reports wire version 8 (MongoDB 5.0), and the Node driver 7 refuses anything below 9;
 * - its H2 store commits once a second, so a killed process could lose the last second of acknowledged
 *   writes: here every write command is committed before it is answered;
 * - it outlives its parent: here it stops when its standard input closes, which happens when the
 *   service that started it exits, however it exits;
 * - a `create` command racing an insert into the same new collection could make two collections of one
 *   name, and the documents of the first were lost (mongoose creates its models' collections while the
 *   service already writes): here both take the database's lock.
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

    /** The memory backend, with collections created under the database's lock. */
    static final class SafeMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new MemoryDatabase(databaseName, getCursorRegistry()) {
                @Override
                public synchronized MongoCollection<Integer> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
                    return super.createCollectionOrThrowIfExists(collectionName, options);
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
            return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
                @Override
                public synchronized MongoCollection<Object> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
                    return super.createCollectionOrThrowIfExists(collectionName, options);
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
