// fix-acceptor: a FIX 4.4 broker on QuickFIX for the tests of the Swift FIX initiator (README.md).
#include <quickfix/FileLog.h>
#include <quickfix/FileStore.h>
#include <quickfix/Session.h>
#include <quickfix/SessionFactory.h>
#include <quickfix/SessionSettings.h>

#include <csignal>
#include <iostream>
#include <memory>

#include "BrokerApplication.h"
#include "ControlLoop.h"
#include "EventOutput.h"
#include "LoopbackTransport.h"
#include "OrderBook.h"
#include "Settings.h"

int main(int argc, char** argv) {
    using namespace acceptor;
    AcceptorOptions options;
    try {
        options = parseArguments(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "fix-acceptor: " << error.what() << "\n" << usage << std::endl;
        return 2;
    }
    // A closed socket is reported by send(); it must not end the process.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        const FIX::SessionSettings settings(writeSessionSettings(options));
        OrderBook book(options.directory + "/orders.txt", options.cashMicros, options.feePerShareMicros);
        book.load();
        EventOutput output;
        BrokerApplication application(options, book, output);
        FIX::FileStoreFactory storeFactory(settings);
        FIX::FileLogFactory logFactory(settings);
        FIX::SessionFactory sessionFactory(application, storeFactory, &logFactory);
        const FIX::SessionID sessionId = *settings.getSessions().begin();
        FIX::Session* session = sessionFactory.create(sessionId, settings.get(sessionId));
        {
            LoopbackTransport transport(*session, output);
            transport.start(options.port);
            output.line("READY port=" + std::to_string(options.port));
            ControlLoop(application, *session, transport, output).run();
            transport.stop();
        }
        sessionFactory.destroy(session);
    } catch (const std::exception& error) {
        std::cerr << "fix-acceptor: " << error.what() << std::endl;
        return 1;
    }
    return 0;
}
