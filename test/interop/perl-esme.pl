#!/usr/bin/perl
# A client application on Debian's Net::SMPP (libnet-smpp-perl), an SMPP implementation Herald did
# not write, bound to Herald's SMPP server as transceiver (ESME_HOST, ESME_PORT, ESME_SYSTEM_ID,
# ESME_PASSWORD). It submits a GSM message, a UCS-2 one and a long one in two parts with SAR TLVs,
# each asking for a receipt, answers every deliver_sm, and prints every PDU it decodes as one JSON
# line on stdout; it unbinds once it has ESME_RECEIPTS deliver_sm (or after 20 s).
use strict;
use warnings;
use Net::SMPP;
use JSON::PP;
use Encode qw(encode);

$| = 1;
my $json = JSON::PP->new->canonical;
my $smpp = Net::SMPP->new_transceiver($ENV{ESME_HOST}, port => $ENV{ESME_PORT},
  system_id => $ENV{ESME_SYSTEM_ID}, password => $ENV{ESME_PASSWORD}, smpp_version => 0x34)
  or die "cannot bind: $!";
print $json->encode({ event => 'bound' }), "\n";

my @submits = (
  [ short_message => 'Hello from Net::SMPP', data_coding => 0 ],
  [ short_message => encode('UTF-16BE', "\x{0393}\x{03b5}\x{03b9}\x{03ac} \x{03c3}\x{03bf}\x{03c5}"), data_coding => 8 ],
  [ short_message => 'First half of a long message, ', data_coding => 0,
    sar_msg_ref_num => pack('n', 4242), sar_total_segments => pack('C', 2), sar_segment_seqnum => pack('C', 1) ],
  [ short_message => 'and its second half.', data_coding => 0,
    sar_msg_ref_num => pack('n', 4242), sar_total_segments => pack('C', 2), sar_segment_seqnum => pack('C', 2) ],
);
for my $s (@submits) {
  $smpp->submit_sm(source_addr => 'PerlApp', destination_addr => '33612345699', registered_delivery => 1,
    async => 1, @$s);
}

my $wanted = $ENV{ESME_RECEIPTS} || 4;
my $receipts = 0;
local $SIG{ALRM} = sub { print $json->encode({ event => 'timeout' }), "\n"; exit 1 };
alarm 20;
while (my $pdu = $smpp->read_pdu()) {
  my $cmd = $pdu->{cmd};
  if ($cmd == 0x80000004) {
    print $json->encode({ event => 'submit_sm_resp', seq => $pdu->{seq}, status => $pdu->{status},
      message_id => $pdu->{message_id} }), "\n";
  } elsif ($cmd == 0x5) {
    $smpp->deliver_sm_resp(seq => $pdu->{seq}, message_id => '');
    print $json->encode({ event => 'deliver_sm', esm_class => $pdu->{esm_class},
      source => $pdu->{source_addr}, destination => $pdu->{destination_addr},
      text => $pdu->{short_message}, receipted_message_id => $pdu->{receipted_message_id},
      message_state => defined $pdu->{message_state} ? unpack('C', $pdu->{message_state}) : undef }), "\n";
    last if ++$receipts >= $wanted;
  } elsif ($cmd == 0x15) {
    $smpp->enquire_link_resp(seq => $pdu->{seq});
  }
}
my $resp = $smpp->unbind();
print $json->encode({ event => 'unbound', status => $resp ? $resp->{status} : undef }), "\n";
