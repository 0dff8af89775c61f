// queue_attributes.hpp — the settable queue attributes: names, defaults,
// validation and normalisation, as AWS answers CreateQueue/SetQueueAttributes.
#pragma once

#include <map>
#include <string>

namespace localemu::sqs {

using AttributeMap = std::map<std::string, std::string>;

// The attributes a new queue starts with, for a standard or FIFO queue.
AttributeMap defaultAttributes(bool fifo);
// Validates `input` for a queue of that kind (throws AwsError) and returns the
// normalised values (e.g. RedrivePolicy with a numeric maxReceiveCount).
// `creating`: FifoQueue is accepted only at creation.
AttributeMap validateAttributes(const AttributeMap& input, bool fifo, bool creating);
// Every name GetQueueAttributes knows ("All" excluded).
bool isKnownAttributeName(const std::string& name);

}  // namespace localemu::sqs
