using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Local.Support;

/// <summary>Finds a base port whose next five ports are free too, as the runner needs six in a row.</summary>
public static class FreePorts
{
    public static int FindBase(int count = 6)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(20_000, 60_000);
            if (Enumerable.Range(candidate, count).All(IsFree))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports were found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
