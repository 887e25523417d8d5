#!/usr/bin/perl
# A test SMSC on Debian's Net::SMPP (libnet-smpp-perl), an SMPP implementation Herald did not write:
# it accepts one connection at a time, answers binds, enquire_link and unbind, answers each submit_sm
# with a message id (SMSC_IDS: decimal or hex) and sends its delivery receipt at once as a deliver_sm,
# and drops the connection after SMSC_DROP_AFTER submits (once). Every PDU it decodes is printed as
# one JSON line on stdout for the test to check; the first line is the port it listens on.
use strict;
use warnings;
use Net::SMPP;
use JSON::PP;

$| = 1;
my $ids = $ENV{SMSC_IDS} || 'decimal';
my $drop_after = $ENV{SMSC_DROP_AFTER} || 0;
my $json = JSON::PP->new->canonical;
my $listener = Net::SMPP->new_listen('127.0.0.1', port => 0, smpp_version => 0x34)
  or die "cannot listen: $!";
print $json->encode({ event => 'listening', port => $listener->sockport }), "\n";

my $submits = 0;
my $dropped = 0;
my $next = 1;
my %bind_name = (0x1 => 'bind_receiver', 0x2 => 'bind_transmitter', 0x9 => 'bind_transceiver');

while (my $smpp = $listener->accept) {
  while (my $pdu = $smpp->read_pdu()) {
    my $cmd = $pdu->{cmd};
    if ($bind_name{$cmd}) {
      print $json->encode({ event => 'bind', cmd => $bind_name{$cmd}, system_id => $pdu->{system_id},
        password => $pdu->{password} }), "\n";
      my $resp = $cmd == 0x9 ? 'bind_transceiver_resp' : $cmd == 0x2 ? 'bind_transmitter_resp' : 'bind_receiver_resp';
      $smpp->$resp(seq => $pdu->{seq}, system_id => 'perl-smsc');
    } elsif ($cmd == 0x15) {
      $smpp->enquire_link_resp(seq => $pdu->{seq});
    } elsif ($cmd == 0x6) {
      $smpp->unbind_resp(seq => $pdu->{seq});
      last;
    } elsif ($cmd == 0x4) {
      $submits++;
      my $n = $next++;
      my $id = $ids eq 'hex' ? sprintf('%x', 0xb0000000 + $n) : (4000000000 + $n);
      my %sar = map { defined $pdu->{$_} ? ($_ => unpack('H*', $pdu->{$_})) : () }
        qw(sar_msg_ref_num sar_total_segments sar_segment_seqnum);
      print $json->encode({ event => 'submit', id => "$id", source => $pdu->{source_addr},
        destination => $pdu->{destination_addr}, data_coding => $pdu->{data_coding},
        esm_class => $pdu->{esm_class}, registered_delivery => $pdu->{registered_delivery},
        validity_period => $pdu->{validity_period},
        short_message => unpack('H*', $pdu->{short_message}), %sar }), "\n";
      $smpp->submit_sm_resp(seq => $pdu->{seq}, message_id => "$id");
      $smpp->deliver_sm(source_addr => $pdu->{destination_addr}, destination_addr => $pdu->{source_addr},
        esm_class => 0x04, data_coding => 0, async => 1,
        short_message => "id:$id sub:001 dlvrd:001 submit date:2612041200 done date:2612041201 stat:DELIVRD err:000 text:");
      if ($drop_after && !$dropped && $submits >= $drop_after) {
        $dropped = 1;
        print $json->encode({ event => 'drop' }), "\n";
        last;
      }
    } elsif ($cmd == 0x80000005) {
      print $json->encode({ event => 'deliver_sm_resp', status => $pdu->{status} }), "\n";
    }
  }
  $smpp->close;
}
