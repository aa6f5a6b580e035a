package io.gatehouse.gateway.config.declarative;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.PluginDefinition;

/** Where each flat entity goes in the nested file: the index of its parent, or -1 for top level. */
final class Placement {

	enum Parent {

		NONE, SERVICE, ROUTE, CONSUMER, CONSUMER_GROUP

	}

	final int[] routeService;
	final int[] targetUpstream;
	final int[] keyAuthConsumer;
	final int[] basicAuthConsumer;
	final int[] jwtConsumer;
	final int[] aclConsumer;
	private final Parent[] pluginParent;
	private final int[] pluginParentIndex;

	Placement(DeclarativeConfig config) {
		routeService = parents(config.routes(), r -> r.service(), config.services(),
				(s, ref) -> ref.matches(s.id(), s.name()));
		targetUpstream = parents(config.targets(), t -> t.upstream(), config.upstreams(),
				(u, ref) -> ref.matches(u.id(), u.name()));
		keyAuthConsumer = parents(config.keyAuthCredentials(), c -> c.consumer(), config.consumers(),
				ConsumerDefinition::isReferencedBy);
		basicAuthConsumer = parents(config.basicAuthCredentials(), c -> c.consumer(), config.consumers(),
				ConsumerDefinition::isReferencedBy);
		jwtConsumer = parents(config.jwtSecrets(), c -> c.consumer(), config.consumers(),
				ConsumerDefinition::isReferencedBy);
		aclConsumer = parents(config.acls(), c -> c.consumer(), config.consumers(), ConsumerDefinition::isReferencedBy);
		int count = config.plugins().size();
		pluginParent = new Parent[count];
		pluginParentIndex = new int[count];
		for (int i = 0; i < count; i++) {
			place(config, i);
		}
	}

	/** A plugin nests only when exactly one scope is set and its entity is in the config. */
	private void place(DeclarativeConfig config, int index) {
		PluginDefinition plugin = config.plugins().get(index);
		pluginParent[index] = Parent.NONE;
		pluginParentIndex[index] = -1;
		int scopes = (plugin.service() != null ? 1 : 0) + (plugin.route() != null ? 1 : 0)
				+ (plugin.consumer() != null ? 1 : 0) + (plugin.consumerGroup() != null ? 1 : 0);
		if (scopes != 1) {
			return;
		}
		if (plugin.service() != null) {
			nest(index, Parent.SERVICE,
					find(config.services(), plugin.service(), (s, ref) -> ref.matches(s.id(), s.name())));
		}
		else if (plugin.route() != null) {
			nest(index, Parent.ROUTE, find(config.routes(), plugin.route(), (r, ref) -> ref.matches(r.id(), r.name())));
		}
		else if (plugin.consumer() != null) {
			nest(index, Parent.CONSUMER,
					find(config.consumers(), plugin.consumer(), ConsumerDefinition::isReferencedBy));
		}
		else {
			nest(index, Parent.CONSUMER_GROUP,
					find(config.consumerGroups(), plugin.consumerGroup(), (g, ref) -> ref.matches(g.id(), g.name())));
		}
	}

	private void nest(int plugin, Parent parent, int parentIndex) {
		if (parentIndex >= 0) {
			pluginParent[plugin] = parent;
			pluginParentIndex[plugin] = parentIndex;
		}
	}

	Parent pluginParent(int plugin) {
		return pluginParent[plugin];
	}

	List<Integer> pluginsAt(Parent parent, int parentIndex) {
		List<Integer> plugins = new ArrayList<>();
		for (int i = 0; i < pluginParent.length; i++) {
			if (pluginParent[i] == parent && (parent == Parent.NONE || pluginParentIndex[i] == parentIndex)) {
				plugins.add(i);
			}
		}
		return plugins;
	}

	List<Integer> topLevel(int[] parents) {
		return childrenOf(parents, -1);
	}

	List<Integer> childrenOf(int[] parents, int parent) {
		List<Integer> children = new ArrayList<>();
		for (int i = 0; i < parents.length; i++) {
			if (parents[i] == parent) {
				children.add(i);
			}
		}
		return children;
	}

	private static <C, P> int[] parents(List<C> children, Function<C, EntityRef> ref, List<P> candidates,
			BiPredicate<P, EntityRef> matches) {
		int[] parents = new int[children.size()];
		for (int i = 0; i < children.size(); i++) {
			parents[i] = find(candidates, ref.apply(children.get(i)), matches);
		}
		return parents;
	}

	private static <P> int find(List<P> candidates, EntityRef ref, BiPredicate<P, EntityRef> matches) {
		if (ref == null) {
			return -1;
		}
		for (int i = 0; i < candidates.size(); i++) {
			if (matches.test(candidates.get(i), ref)) {
				return i;
			}
		}
		return -1;
	}

}
