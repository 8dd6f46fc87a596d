#include "dns/loopback_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/packet.h"

namespace concord::dns {

std::optional<LoopbackAnswer> QueryLoopback(uint16_t port, const std::string& name, uint16_t id,
                                            int timeout_ms) {
  const std::vector<uint8_t> q = MakeQuery(id, name, type::kA);
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sendto(fd, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  uint8_t r[kMaxUdpPayload];
  const ssize_t n = recv(fd, r, sizeof r, 0);
  close(fd);
  if (n < 12) return std::nullopt;
  LoopbackAnswer answer;
  answer.id = static_cast<uint16_t>(r[0] << 8 | r[1]);
  answer.rcode = r[3] & 0xF;
  // The first answer follows the question as sent; its owner is a 2-octet pointer, then type,
  // class, TTL and length (10 octets), then the address.
  const size_t at = q.size() - (q[11] ? kOptSize : 0);
  if ((r[6] << 8 | r[7]) > 0 && static_cast<size_t>(n) >= at + 16 && r[at + 2] == 0 &&
      r[at + 3] == type::kA) {
    answer.first_a = std::to_string(r[at + 12]) + "." + std::to_string(r[at + 13]) + "." +
                     std::to_string(r[at + 14]) + "." + std::to_string(r[at + 15]);
  }
  return answer;
}

}  // namespace concord::dns
